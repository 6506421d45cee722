import { useState } from 'preact/hooks';
import { api, type LoginAnswer, type User } from '../api/client.js';

export function LoginPage({ onLogin }: { onLogin: (u: User, csrf: string) => void }) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const r = await api<LoginAnswer>('POST', '/api/auth/login', { login, password });
      onLogin(r.user, r.csrf);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="login card" onSubmit={submit}>
      <h1>Вход в omsx</h1>
      <p class="muted">Отбор случаев для медико-экономической экспертизы и ЭКМП</p>
      <label>
        Логин
        <input name="login" autocomplete="username" value={login} onInput={(e) => setLogin(e.currentTarget.value)} required />
      </label>
      <label>
        Пароль
        <input
          name="password"
          type="password"
          autocomplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
          required
        />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Вход…' : 'Войти'}
      </button>
    </form>
  );
}
