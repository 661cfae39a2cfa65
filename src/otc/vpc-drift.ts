// Loaded only by a VPC client with `validate` set (src/core/drift-hook.ts): the checker and the
// API's validators, with one dynamic import.
export { checkedCall } from "../core/drift.js";
export { responses } from "../../generated/otc-vpc.validators.js";
