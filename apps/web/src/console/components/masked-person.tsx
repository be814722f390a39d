/** A person as the health lists show them: the masked name, then the masked document number in monospace. */
export function MaskedPerson({ person }: { person: { maskedName?: string; maskedId?: string } }) {
  return (
    <span>
      {person.maskedName} <span className="fx-mono">{person.maskedId}</span>
    </span>
  );
}
