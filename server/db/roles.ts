// The app's database role (docs/decisions/017-row-level-security.md): it logs in, neither owns
// the tables nor bypasses row-level security, and holds exactly the grants the app needs —
// read and write the tables (the audit trail: read and append only), use the sequences, call
// the functions; not the migrations' table, nothing on the schema's structure. Default
// privileges give it the same on tables a later migration (run by the owner) creates.
import type pg from "pg";

export type AppRoleOptions = {
  /** The role's name (a plain identifier). */
  role: string;
  /** Its password: the role may then log in; without one it stays NOLOGIN (e.g. a group role). */
  password?: string | undefined;
  /** Only create / update the role (a cluster-wide thing), no grants in the current database. */
  roleOnly?: boolean;
};

export const APP_ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Creates (or updates) the app role and its grants, connected as the owner of the schema. */
export async function setupAppRole(owner: pg.Client | pg.PoolClient, opts: AppRoleOptions): Promise<{ created: boolean }> {
  const { role, password } = opts;
  if (!APP_ROLE_NAME.test(role)) throw new Error(`The role name must be a plain lower-case identifier, not ${JSON.stringify(role)}`);
  const me = await owner.query<{ current_user: string; db: string }>("SELECT current_user, current_database() AS db");
  const { current_user: ownerRole, db } = me.rows[0]!;
  if (ownerRole === role) throw new Error(`Connected as ${role} itself: run this with the owner's URL (DATABASE_ADMIN_URL).`);
  const exists = (await owner.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role])).rowCount! > 0;
  const q = (s: string) => owner.query(s);
  if (!exists) await q(`CREATE ROLE "${role}" NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT`);
  const r = (await owner.query<{ rolsuper: boolean; rolbypassrls: boolean }>("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1", [role])).rows[0]!;
  if (r.rolsuper || r.rolbypassrls) throw new Error(`Role ${role} is a superuser or has BYPASSRLS: row-level security would not apply to it. Use another role.`);
  if (password !== undefined) await q(`ALTER ROLE "${role}" LOGIN PASSWORD ${owner.escapeLiteral(password)}`);
  if (opts.roleOnly) return { created: !exists };
  await q(`GRANT CONNECT ON DATABASE "${db.replace(/"/g, '""')}" TO "${role}"`);
  await q(`GRANT USAGE ON SCHEMA public TO "${role}"`);
  await q(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "${role}"`);
  // Append-only audit trail; the migrations' record is the owner's business.
  await q(`REVOKE UPDATE, DELETE ON audit_logs FROM "${role}"`);
  await q(`REVOKE ALL ON "_prisma_migrations" FROM "${role}"`);
  await q(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "${role}"`);
  await q(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO "${role}"`);
  await q(`ALTER DEFAULT PRIVILEGES FOR ROLE "${ownerRole}" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "${role}"`);
  await q(`ALTER DEFAULT PRIVILEGES FOR ROLE "${ownerRole}" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "${role}"`);
  return { created: !exists };
}
