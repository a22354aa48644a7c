export { auditIdentity, newRunId } from "../platform/audit-identity.js";
