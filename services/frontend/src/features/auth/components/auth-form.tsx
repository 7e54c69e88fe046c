// Sign in and sign up share one form: email and password with labels, the API's refusal shown next to
// the form (and announced), and the submit button busy while the request runs.
import { useState, type SubmitEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiError, describeError } from '../../../lib/api-error.ts';
import { useApiClient } from '../../../lib/api-context.tsx';

type Mode = 'sign-in' | 'sign-up';

const MIN_PASSWORD = 8;

function messageFor(mode: Mode, error: unknown): string {
  if (error instanceof ApiError) {
    if (mode === 'sign-in' && error.status === 401) return 'That email and password do not match an account.';
    if (mode === 'sign-up' && error.status === 409)
      return 'An account with that email already exists. Sign in instead.';
    const details = error.details
      .map((detail) =>
        typeof detail === 'object' && detail !== null && 'message' in detail ? String(detail.message) : '',
      )
      .filter(Boolean);
    if (details.length > 0) return `${error.message} ${details.join(' ')}`;
  }
  return describeError(error);
}

export function AuthForm({ mode }: { mode: Mode }) {
  const client = useApiClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (mode === 'sign-up' && password.length < MIN_PASSWORD) {
      setError(`Choose a password of at least ${MIN_PASSWORD} characters.`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (mode === 'sign-in') await client.login(email.trim(), password);
      else await client.register(email.trim(), password);
      void navigate(from, { replace: true });
    } catch (caught) {
      setError(messageFor(mode, caught));
    } finally {
      setBusy(false);
    }
  }

  const title = mode === 'sign-in' ? 'Sign in' : 'Create your account';
  return (
    <form
      className="auth-form card"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-describedby={error ? 'auth-error' : undefined}
    >
      <div className="field">
        <label htmlFor="auth-email">Email</label>
        <input
          id="auth-email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="auth-password">Password</label>
        <input
          id="auth-password"
          name="password"
          type="password"
          autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
          required
          minLength={mode === 'sign-up' ? MIN_PASSWORD : undefined}
          aria-describedby={mode === 'sign-up' ? 'password-hint' : undefined}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {mode === 'sign-up' && (
          <p id="password-hint" className="hint">
            At least {MIN_PASSWORD} characters; common passwords are refused.
          </p>
        )}
      </div>
      {error && (
        <p id="auth-error" className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? 'Please wait…' : title}
      </button>
      <p className="auth-switch">
        {mode === 'sign-in' ? (
          <>
            New here? <Link to="/sign-up">Create an account</Link>
          </>
        ) : (
          <>
            Already have an account? <Link to="/sign-in">Sign in</Link>
          </>
        )}
      </p>
    </form>
  );
}
