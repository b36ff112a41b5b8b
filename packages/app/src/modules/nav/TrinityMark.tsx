/**
 * Trinity's mark: three clusters (one per cloud) joined as one platform.
 * Drawn as SVG shapes, not a font, so it renders the same everywhere.
 */
export const TrinityMark = ({ size }: { size: number }) => (
  <svg
    width={size}
    height={size}
    viewBox="0 0 64 64"
    // The sidebar's logo link is narrower than the full logo; never squeeze
    // the mark to zero width to make room for the name.
    style={{ flexShrink: 0 }}
    role="img"
    aria-label="Trinity"
  >
    <g stroke="#7df3e1" strokeWidth="4" fill="none">
      <line x1="32" y1="12" x2="12" y2="48" />
      <line x1="32" y1="12" x2="52" y2="48" />
      <line x1="12" y1="48" x2="52" y2="48" />
    </g>
    <circle cx="32" cy="12" r="8" fill="#ff9900" />
    <circle cx="12" cy="48" r="8" fill="#4285f4" />
    <circle cx="52" cy="48" r="8" fill="#0078d4" />
  </svg>
);
