// Route guards (client/app/require-access.tsx): whoever may call the page's procedure sees the
// protected page, anyone else a "not allowed" page instead of it.
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen } from "@testing-library/react";
import { RequireAdmin, RequirePractice, RequireStudio } from "../../client/app/require-access.tsx";
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

describe("studio and practice route guards", () => {
  const renderGuard = (guard: React.ReactNode, role: Me["role"]) =>
    renderPage(<CurrentUserContext value={person(role)}>{guard}</CurrentUserContext>, { url: "/guarded", path: "/guarded", outlet: <h1>Guarded page</h1> });

  it.each([
    ["TRAINEE", true],
    ["INSTRUCTOR", false],
    ["COMPANY", false],
    ["ADMIN", false],
  ] as const)("practice sessions: %s sees the page: %s", (role, allowed) => {
    renderGuard(<RequirePractice />, role);
    expect(screen.queryByRole("heading", { name: "Guarded page" }) !== null).toBe(allowed);
    if (!allowed) expect(screen.getByText("This part of HireXp is only for trainees. If you think you should have access, ask an administrator.")).toBeInTheDocument();
  });

  it.each([
    ["TRAINEE", false],
    ["INSTRUCTOR", true],
    ["COMPANY", false],
    ["ADMIN", true],
  ] as const)("studio: %s sees the page: %s", (role, allowed) => {
    renderGuard(<RequireStudio />, role);
    expect(screen.queryByRole("heading", { name: "Guarded page" }) !== null).toBe(allowed);
    expect(screen.queryByRole("heading", { name: "You don't have access to this page" }) !== null).toBe(!allowed);
  });
});
