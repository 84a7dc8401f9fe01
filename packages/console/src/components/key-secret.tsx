import { useEffect, useId, useRef, useState } from 'react';

/** A new key's secret, shown this once, with a button that copies it. */
export function KeySecret({ secret }: { secret: string }) {
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  // The form that was focused is gone: the focus stays in the dialog, on the one thing to do next.
  useEffect(() => button.current?.focus(), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className="key-secret">
      <p className="notice warning">
        Copy the secret now: it is shown only this once. The server keeps only a hash of it.
      </p>
      <label htmlFor={`${id}-secret`}>Secret</label>
      <div className="inline-form">
        <input
          id={`${id}-secret`}
          className="secret"
          readOnly
          value={secret}
          onFocus={(e) => e.target.select()}
          data-testid="key-secret"
        />
        <button type="button" ref={button} onClick={() => void copy()}>
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p role="status" className="muted">
        {copied === 'yes'
          ? 'Copied to the clipboard.'
          : copied === 'failed'
            ? 'The browser did not allow copying: select the secret and copy it yourself.'
            : ''}
      </p>
    </div>
  );
}
