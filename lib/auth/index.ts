export type { Identity, SessionIdentity } from "./identity";
export { authenticateRequest } from "./authenticate-request";
export { currentOwner, requireOwner } from "./require-owner";
export { ownerFromSessionCookies, parseCookieHeader, SESSION_COOKIE_NAMES } from "./session";
export { buildAuthOptions, configureNextAuthEnv, SESSION_MAX_AGE_SECONDS } from "./next-auth-options";
export { parseSignInError, signInErrorMessage, RATE_LIMITED_ERROR, type SignInError } from "./sign-in-error";
export { signInWithPassword, type SignInResult } from "./sign-in";
export {
  LOGIN_RATE_LIMIT,
  reserveLoginAttempt,
  completeLoginAttempt,
  type LoginGate,
  type LoginRateLimit,
} from "./login-rate-limit";
export { clientIp } from "./client-ip";
export { hashPassword, verifyPassword, needsRehash, SCRYPT_PARAMS } from "./password";
export {
  countOwners,
  emailSchema,
  findOwnerByEmail,
  findOwnerById,
  normalizeEmail,
  ownerCredentialsSchema,
  upsertOwner,
  verifyOwnerPassword,
  type Owner,
  type OwnerCredentials,
} from "./owners";
export {
  API_TOKEN_PREFIX,
  createApiToken,
  createApiTokenSchema,
  generateApiToken,
  hashApiToken,
  listApiTokens,
  revokeApiToken,
  verifyApiToken,
  LAST_USED_RESOLUTION_MS,
  type ApiTokenView,
} from "./api-tokens";
export { authSecret, storedSecret, AUTH_SECRET_SETTING } from "./secret";
