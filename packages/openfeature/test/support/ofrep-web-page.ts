// The page of the OFREP browser test, bundled by esbuild (ofrep-web-site.ts): the registry's OFREP web
// provider, unmodified, against a Switchyard server named in the query string. It shows each flag's
// value and reason, re-rendered on every ConfigurationChanged event.
import { OFREPWebProvider } from '@openfeature/ofrep-web-provider';
import { OpenFeature, ProviderEvents } from '@openfeature/web-sdk';

const params = new URLSearchParams(location.search);
const flags = (params.get('flags') ?? '').split(',');

function render(): void {
  const client = OpenFeature.getClient();
  const list = document.getElementById('flags') as HTMLElement;
  list.replaceChildren(
    ...flags.map((key) => {
      const details = client.getBooleanDetails(key, false);
      const item = document.createElement('li');
      item.dataset.testid = key;
      item.dataset.value = String(details.value);
      item.dataset.reason = details.reason ?? '';
      item.textContent = `${key}: ${details.value} (${details.reason}${details.errorCode ? `, ${details.errorCode}` : ''})`;
      return item;
    }),
  );
  document.body.dataset.renders = String(Number(document.body.dataset.renders ?? 0) + 1);
}

OpenFeature.addHandler(ProviderEvents.Ready, render);
OpenFeature.addHandler(ProviderEvents.ConfigurationChanged, render);
await OpenFeature.setContext({ targetingKey: params.get('user') ?? '' });
await OpenFeature.setProviderAndWait(
  new OFREPWebProvider({
    baseUrl: params.get('server') ?? '',
    headers: [['X-API-Key', params.get('key') ?? '']],
    cacheMode: 'disabled',
  }),
);
document.body.dataset.state = 'ready';
