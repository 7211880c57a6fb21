// The company's logo (company.profile.uploadLogo / removeLogo), on the profile page and on
// /company/profile. Any company may upload one, verified or not (the admin reviews it).
import { useMutation } from "@tanstack/react-query";
import { queryClient, trpc } from "../lib/trpc.ts";
import { ImageUpload } from "./image-upload.tsx";

export function CompanyLogoUpload({ current }: { current: string | null }) {
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.profile.professional.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.company.profile.get.queryKey() }),
    ]);
  const upload = useMutation({ ...trpc.company.profile.uploadLogo.mutationOptions(), onSuccess: refresh });
  const remove = useMutation({ ...trpc.company.profile.removeLogo.mutationOptions(), onSuccess: refresh });
  return <ImageUpload label="Company logo" shape="square" current={current} upload={(form) => upload.mutateAsync(form)} remove={() => remove.mutateAsync()} />;
}
