/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Base URL of the Switchyard server (default http://127.0.0.1:4242). */
  readonly VITE_SWITCHYARD_URL?: string;
  /** A client key of the environment to read. */
  readonly VITE_SWITCHYARD_CLIENT_KEY?: string;
}
