import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { startTestServer, type TestServer } from '@switchyard/test-support/server';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Service, ServiceAccount } from 'kubernetes-models/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../packages/server/src/config/config.js';
import { build, type Manifest, readKustomization } from './kustomize.js';

const KUBERNETES = join(import.meta.dirname, '../kubernetes');
const BASE = join(KUBERNETES, 'base');
const SENTINEL = join(KUBERNETES, 'overlays/sentinel');

/** Each kind these manifests use, checked against the Kubernetes (and Prometheus Operator) OpenAPI schemas. */
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/ServiceAccount': ServiceAccount,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

function validate(object: Manifest): void {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (Model === undefined) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  new Model(object).validate();
}

const one = (objects: Manifest[], kind: string) => {
  const found = objects.filter((o) => o.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0] as Manifest;
};

const serverContainer = (objects: Manifest[]) =>
  one(objects, 'Deployment').spec.template.spec.containers.find((c: any) => c.name === 'server');

/** The container's plain env values, as the server would read them. */
const envOf = (container: any): Record<string, string> =>
  Object.fromEntries(
    container.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]),
  );

describe('deploy/kubernetes', () => {
  it('lists every manifest of the base in its kustomization', () => {
    const files = readdirSync(BASE).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...readKustomization(BASE).resources].sort()).toEqual(files.sort());
  });

  it.each([
    ['base', BASE],
    ['sentinel overlay', SENTINEL],
  ])('%s: every object is valid against the Kubernetes OpenAPI schemas', (_name, dir) => {
    const objects = build(dir);
    expect(objects.map((o) => o.kind).sort()).toEqual([
      'Deployment',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'Service',
      'ServiceAccount',
      'ServiceMonitor',
    ]);
    for (const object of objects) expect(() => validate(object), object.kind).not.toThrow();
  });

  it('would catch an invalid manifest', () => {
    const deployment = structuredClone(one(build(BASE), 'Deployment'));
    deployment.spec.replicas = 'three';
    expect(() => validate(deployment)).toThrow(/replicas/);
    const monitor = structuredClone(one(build(BASE), 'ServiceMonitor'));
    delete monitor.spec.selector;
    expect(() => validate(monitor)).toThrow(/selector/);
  });

  it('rolls out without losing capacity and under a restricted security context', () => {
    const deployment = one(build(BASE), 'Deployment');
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.strategy).toMatchObject({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0 },
    });
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    const container = serverContainer(build(BASE));
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.resources.requests).toBeDefined();
    expect(container.resources.limits.memory).toBeDefined();
    // The selectors of the Service, the budget, the monitor and the spread all find these pods.
    const labels = deployment.spec.template.metadata.labels;
    const objects = build(BASE);
    for (const selector of [
      one(objects, 'Service').spec.selector,
      one(objects, 'PodDisruptionBudget').spec.selector.matchLabels,
      deployment.spec.selector.matchLabels,
    ])
      expect(labels).toMatchObject(selector);
    expect(one(objects, 'HorizontalPodAutoscaler').spec.scaleTargetRef.name).toBe(deployment.metadata.name);
    expect(one(objects, 'Service').metadata.labels).toMatchObject(
      one(objects, 'ServiceMonitor').spec.selector.matchLabels,
    );
  });

  it('takes the admin token and REDIS_URL from a Secret, never from the manifest', () => {
    for (const dir of [BASE, SENTINEL]) {
      const env = serverContainer(build(dir)).env;
      for (const name of ['SWITCHYARD_ADMIN_TOKEN', 'REDIS_URL']) {
        const variable = env.find((e: any) => e.name === name);
        expect(variable?.value, name).toBeUndefined();
        expect(variable?.valueFrom?.secretKeyRef?.name, name).toBe('switchyard');
      }
    }
  });

  it('gives the Sentinel overlay acknowledged writes on a replica', () => {
    const env = envOf(serverContainer(build(SENTINEL)));
    expect(loadConfig(env).redisMinReplicas).toBe(1);
    expect(
      serverContainer(build(SENTINEL)).env.find((e: any) => e.name === 'REDIS_URL').valueFrom.secretKeyRef
        .key,
    ).toBe('redis-sentinel-url');
  });

  it('waits longer than the drain and the shutdown before killing a pod', () => {
    for (const dir of [BASE, SENTINEL]) {
      const objects = build(dir);
      const config = loadConfig(envOf(serverContainer(objects)));
      const grace = one(objects, 'Deployment').spec.template.spec.terminationGracePeriodSeconds;
      expect(grace * 1000).toBeGreaterThan(config.drainMs + config.shutdownTimeoutMs);
    }
  });

  describe('probes', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(async () => {
      await server?.close();
    });

    it('name routes the server answers, on the port it listens on', async () => {
      const container = serverContainer(build(BASE));
      const port = container.ports.find((p: any) => p.name === 'http');
      expect(String(port.containerPort)).toBe(envOf(container).PORT);
      const probes = {
        readiness: container.readinessProbe,
        liveness: container.livenessProbe,
        startup: container.startupProbe,
      };
      expect(probes.readiness.httpGet.path).toBe('/health/ready');
      expect(probes.liveness.httpGet.path).toBe('/health/live');
      for (const [name, probe] of Object.entries(probes)) {
        expect(probe.httpGet.port, name).toBe('http');
        const res = await fetch(`${server.url}${probe.httpGet.path}`);
        expect(res.status, `${name} probe ${probe.httpGet.path}`).toBe(200);
      }
    });
  });
});
