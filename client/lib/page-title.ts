import { useEffect } from "react";

export const PRODUCT_NAME = "HireXp";

/** Sets document.title to "<title> · HireXp" while the page is shown. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · ${PRODUCT_NAME}` : PRODUCT_NAME;
  }, [title]);
}
