// The `x-` extension names this project reads in specs/ (see specs/CONVENTIONS.md), in one place.

/** How a list operation pages (operation). */
export const X_PAGINATION = "x-pagination";
/** The vendor's documented error codes (on ErrorResponse.error_code). */
export const X_ERROR_CODES = "x-error-codes";
/** Confluent's wrapper: keys moved onto the operation with that operationId at bundle time (root). */
export const X_OPERATION_ADDITIONS = "x-operation-additions";
/** Command-line settings: `name` of the API (info), `aliases` and table `columns` (operation). */
export const X_CLI = "x-cli";
/** The prefix of the API's component names in the merged document (info). */
export const X_COMPONENT_PREFIX = "x-component-prefix";
/** A decision written down where the vendor page is vague (anywhere). */
export const X_DECISION = "x-decision";
/** Confluent's wrapper: readable names for schemas its two definitions name alike (root). */
export const X_SCHEMA_NAMES = "x-schema-names";
/** Confluent's published spec: the values of an open enum known today (schema; read by the change report). */
export const X_EXTENSIBLE_ENUM = "x-extensible-enum";
/** Where the bundle keeps a URI-template example Redocly's format check would refuse (schema; written by the plugin). */
export const X_EXAMPLE_URI_TEMPLATE = "x-example-uri-template";
