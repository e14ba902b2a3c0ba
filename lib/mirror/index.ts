export {
  mirrorChanged,
  mirrorFullPass,
  MIRROR_CHANGED,
  type MirrorKind,
  type MirrorChange,
  type MirrorEvent,
  type MirrorChangedDeps,
  type MirrorChangedResult,
  type FullPassResult,
} from "./changed";
export { recordEvents, recentEvents, recentEventsQuery, type LoggedEvent } from "./event-log";
export { mirrorNotifierFromEnv, noMirrorNotifier, inProcessEmit, type MirrorNotifier } from "./notifier";
