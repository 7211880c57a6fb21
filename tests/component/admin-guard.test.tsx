// The admin console's route guard: role ADMIN sees the protected page, anyone else gets a
// "not allowed" page instead of it.
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen } from "@testing-library/react";
import { RequireAdmin } from "../../client/app/admin-guard.tsx";
import { CurrentUserContext, type Me } from "../../client/lib/auth.ts";
import { paths } from "../../client/lib/paths.ts";
import { renderPage } from "./render-page.tsx";

const person = (role: Me["role"]): Me => ({ id: "u1", email: "a@example.com", role, status: "ACTIVE", emailVerified: new Date(), name: null, hasPassword: true, adminLevel: role === "ADMIN" ? 1 : null });

/** Stands in for the admin page the guard protects. */
const PROTECTED = <h1>Admin-only user list</h1>;

function renderAs(role: Me["role"]) {
  return renderPage(
    <CurrentUserContext value={person(role)}>
      <RequireAdmin />
    </CurrentUserContext>,
    { url: paths.adminUsers, path: paths.adminUsers, outlet: PROTECTED },
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("admin route guard", () => {
  it.each(["TRAINEE", "INSTRUCTOR", "COMPANY"] as const)("shows %s a “not allowed” page with a way to the dashboard", (role) => {
    renderAs(role);
    expect(screen.getByRole("heading", { name: "You don't have access to this page" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go to your dashboard" })).toHaveAttribute("href", paths.dashboard);
    expect(screen.queryByRole("heading", { name: "Admin-only user list" })).not.toBeInTheDocument();
  });

  it("lets an admin through to the protected page", () => {
    renderAs("ADMIN");
    expect(screen.getByRole("heading", { name: "Admin-only user list" })).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "You don't have access to this page" })).not.toBeInTheDocument();
  });
});
