/** The HTTP Basic credentials of `user` and `password` (UTF-8, base64), as Confluent's API keys are sent. */
export function basicCredentials(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
