/** The alert line under a citizen form: why it was refused (by the server or by a check made here). */
export function FormError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <div className="fx-form-error" role="alert">
      {error}
    </div>
  );
}
