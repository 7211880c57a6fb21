// kill -9 during writes on the embedded database (PGlite data folder): see tests/helpers/fault-kill9.ts.
import { describe } from "vitest";
import { killNineSuite } from "../helpers/fault-kill9.ts";

describe("kill -9 during writes [pglite]", () => killNineSuite("pglite"));
