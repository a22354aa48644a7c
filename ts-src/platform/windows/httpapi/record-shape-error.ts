/** A record or structure this tool cannot encode or decode as the HTTP Server API lays it out. */
export class RecordShapeError extends Error {}
