// The shape of generated/<api>.cli.ts (written by scripts/lib/cli.mjs at `npm run generate`), and the four APIs'.
import { cli as confluent } from "../../generated/confluent.cli.js";
import { cli as madconnect } from "../../generated/madconnect.cli.js";
import { cli as vpc } from "../../generated/otc-vpc.cli.js";
import { cli as vpcep } from "../../generated/otc-vpcep.cli.js";

export interface ValueSpec {
  type: string;
  format?: string;
  enum?: readonly unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  /** The item type of an array. */
  items?: string;
}

export interface ParameterDescription extends ValueSpec {
  name: string;
  in: string;
  /** The flag's name, kebab-case, without `--`. */
  flag: string;
  required: boolean;
  description: string;
}

export interface BodyFieldDescription extends ValueSpec {
  name: string;
  required: boolean;
  description: string;
}

export interface CommandDescription {
  operationId: string;
  /** The operationId in kebab-case. */
  name: string;
  aliases: readonly string[];
  summary: string;
  description: string;
  method: string;
  path: string;
  parameters: readonly ParameterDescription[];
  body?: { required: boolean; fields: readonly BodyFieldDescription[] };
  /** A list operation: its row of the pagination table (generated/<api>.meta.ts), and the item fields its table shows. */
  pagination?: {
    style: string;
    items: readonly string[];
    size: { param: string };
    columns: readonly string[];
  };
}

export interface ApiDescription {
  /** The API's word on the command line (`vpc`). */
  api: string;
  title: string;
  description: string;
  commands: readonly CommandDescription[];
}

/** The APIs of the package, keyed by their command-line name. */
export const APIS: Record<string, ApiDescription> = Object.fromEntries(
  ([vpcep, vpc, confluent, madconnect] satisfies ApiDescription[]).map((api) => [api.api, api]),
);
