export { apiRoute, readJson, readText, type ApiContext, type ApiRouteOptions } from "./api-route";
export { HttpError, errorResponse, zodIssues, describeIssues } from "./errors";
export { readRawInput, type RawInput } from "./raw-input";
export { errorReply, isReply, jsonReply, replyResponse, type Reply } from "./reply";
