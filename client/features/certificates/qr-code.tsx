// A QR code of a URL, drawn as SVG in the browser by the `qrcode` library (loaded on demand,
// so it stays out of the first chunk). Shown as an image with a text alternative.
import { useEffect, useState } from "react";
import { Box, Skeleton } from "@mantine/core";

export function QrCode({ value, size = 160, label }: { value: string; size?: number; label: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    setSvg(null);
    import("qrcode")
      .then((qr) => qr.toString(value, { type: "svg", margin: 1, errorCorrectionLevel: "M" }))
      .then((s) => live && setSvg(s))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [value]);
  if (failed) return null;
  if (!svg) return <Skeleton w={size} h={size} aria-label="Drawing the QR code…" />;
  return (
    <Box bg="white" p={4} style={{ borderRadius: 6, lineHeight: 0 }}>
      <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`} width={size} height={size} alt={label} data-testid="certificate-qr" />
    </Box>
  );
}
