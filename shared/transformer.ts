// The one data transformer of the tRPC link, imported by server and client alike.
import superjson from "superjson";

export const transformer = superjson;
