// What a person does with their account: change the email or the password, delete the account.
// Each reply goes back to the account dialog, which shows it next to the field it concerns.

/** deps: {conn, store, outbox, sessionActions} */
export function createAccountActions({ conn, store, outbox, sessionActions }) {
  async function updateEmail({ email, currentPassword }) {
    const reply = await conn.request('profile.update', { email, currentPassword });
    if (reply.ok) store.setMe(reply.user);
    return reply;
  }

  async function changePassword({ currentPassword, password }) {
    const reply = await conn.request('profile.update', { password, currentPassword });
    if (reply.ok) store.setMe(reply.user);
    return reply;
  }

  async function deleteAccount({ password }) {
    const reply = await conn.request('profile.delete', { password });
    if (reply.ok) {
      outbox.unload({ erase: true });
      sessionActions.endSession('Your account was deleted.');
    }
    return reply;
  }

  return { updateEmail, changePassword, deleteAccount };
}
