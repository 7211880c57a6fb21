// The frames the build prerenders per role (shared/prerender.ts, role-frame.tsx, decision 027):
// the page as its role sees it before anything about the person is known — the signed-in header
// and navigation of the role, the page's own title and introduction, its placeholders where data
// goes — rendered by the page's own components, so that the page, when it renders, lays out the
// same. Nothing here knows a person: no name, no email, no counts (there is no database at build
// time, and nothing is fetched). Imported by prerender.tsx only: none of it is in the browser's
// bundle (the browser takes the frame from the document).
import type { ReactNode } from "react";
import { Skeleton } from "@mantine/core";
import type { FrameRole } from "../../shared/prerender.ts";
import { AdminDashboardPage } from "../features/admin/admin-dashboard-page.tsx";
import { DashboardView } from "../features/dashboard/dashboard-page.tsx";
import { StudioPage } from "../features/studio/studio-page.tsx";
import { paths } from "../lib/paths.ts";
import { AppShellFrame } from "./app-shell-layout.tsx";
import { FRAME_ATTR, type RoleFrame } from "./role-frame.tsx";

/** The pages prerendered per role: what their frame shows in the signed-in frame's main region. */
const PAGES: Record<string, (role: FrameRole) => ReactNode> = {
  [paths.dashboard]: (role) => <DashboardView role={role} me={null} />,
  [paths.studio]: () => <StudioPage />,
  [paths.adminDashboard]: () => <AdminDashboardPage />,
};

/** The frame of `path` for `role`, as the signed-in guard renders it while nobody is known yet. */
export function roleFrameFor(path: string, role: FrameRole): RoleFrame {
  const page = PAGES[path];
  if (!page) throw new Error(`no prerendered frame for ${path} (client/app/role-frames.tsx)`);
  return {
    role,
    whole: (
      <div {...{ [FRAME_ATTR]: role }}>
        {/* The user menu's place: the avatar's circle. */}
        <AppShellFrame role={role} userMenu={<Skeleton circle h={32} mr={8} />}>
          {page(role)}
        </AppShellFrame>
      </div>
    ),
  };
}
