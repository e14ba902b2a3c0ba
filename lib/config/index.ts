export { envSchema, readEnv, transports, type Env, type TransportMode } from "./env";
