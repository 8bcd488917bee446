/** Sign-in: an API key exchanged for an HttpOnly, SameSite=Strict session cookie. */
import { useState, type FormEvent } from 'react';
import { useSignIn } from '../session';
import { ErrorBox } from '../ui';

export function SignIn() {
  const [key, setKey] = useState('');
  const signIn = useSignIn();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate(key.trim(), { onSuccess: () => setKey('') });
  };
  return (
    <main id="main" className="signin">
      <h1>Tradelane</h1>
      <p>Sign in with your API key. The key is exchanged for a session; it is not stored in the browser.</p>
      <form onSubmit={submit}>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          required
          value={key}
          onChange={(e) => setKey(e.target.value)}
        />
        <button type="submit" disabled={signIn.isPending || key.trim() === ''}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <ErrorBox error={signIn.error} />
    </main>
  );
}
