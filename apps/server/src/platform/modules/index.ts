/** Module manifests: how a module declares what it adds to an app (see docs/DEVELOPING.md "Adding a module"). */
export {
  defineModule, defineState, provide, defineEvent, on, defineExtensionPoint, contribute,
  type ModuleManifest, type StateKey, type EventType, type Listener, type ExtensionPoint, type Contribution, type JobSpec, type ScheduleSpec,
} from './module.ts';
export { ModuleRuntime, orderModules } from './runtime.ts';
