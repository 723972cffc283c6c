"""The centre dashboard (第二十七条): live figures, charts as server-side SVG, no CDN."""
