// kill -9 during writes on a real PostgreSQL: see tests/helpers/fault-kill9.ts.
import { describeRealPostgres } from "../helpers/db.ts";
import { killNineSuite } from "../helpers/fault-kill9.ts";

describeRealPostgres("kill -9 during writes", () => killNineSuite("postgres"));
