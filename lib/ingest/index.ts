export { resolveInboundHandler } from "./handlers";
