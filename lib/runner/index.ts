export { dispatchInbound, type DispatchOptions, type DispatchResult } from "./dispatch";
export { InboxRunner, type InboxRunnerOptions, type InboxRunnerStatus } from "./inbox-runner";
export {
  runnerMode,
  runnerStatus,
  startAppRunner,
  startAppRunnerIfInProcess,
  type RunnerMode,
  type RunnerStatus,
} from "./app-runner";
