/** The end of a citizen form: why it was refused (by the server or by a check made here), and its submit button. */
import type { ReactNode } from 'react';
import { Button } from 'antd-mobile';

/** The alert line under a form; nothing without an error. */
export function FormError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <div className="fx-form-error" role="alert">
      {error}
    </div>
  );
}

/** A form's footer: the alert line, the submit button (spinning while `pending`), then anything else. */
export function FormFooter({ error, pending, label, children }: { error: string | null; pending: boolean; label: string; children?: ReactNode }) {
  return (
    <>
      <FormError error={error} />
      <Button block type="submit" color="primary" size="large" loading={pending}>
        {label}
      </Button>
      {children}
    </>
  );
}
