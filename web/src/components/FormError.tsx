// The sentence keel (or the page) gave for what went wrong, beside the form that caused it.
export function FormError({ message, id }: { message: string | null | undefined; id?: string }) {
  return (
    <p class="form-error" id={id} role="alert" hidden={!message}>
      {message}
    </p>
  );
}
