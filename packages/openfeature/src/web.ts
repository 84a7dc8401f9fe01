export { SwitchyardTrackingEvents } from './mapping/tracking.js';
export { SwitchyardWebProvider, type SwitchyardWebProviderOptions } from './web/switchyard-web-provider.js';
