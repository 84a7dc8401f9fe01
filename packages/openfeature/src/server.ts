export { SwitchyardTrackingEvents } from './mapping/tracking.js';
export { SwitchyardProvider, type SwitchyardProviderOptions } from './server/switchyard-provider.js';
