import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and a data bundle it loads from its own package folder at run time,
  // and postgres.js opens raw sockets: both must stay real Node modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "postgres"],
  poweredByHeader: false,
  // Lets parallel builds (several developers or test runs on one machine) keep separate outputs.
  distDir: process.env.KOSHA_NEXT_DIST_DIR ?? ".next",
  typedRoutes: false,
};

export default nextConfig;
