package todo.loop;

/** WebSocket close codes the server uses. */
public final class CloseCodes {
    /** Server shutting down; reconnect later. */
    public static final int GOING_AWAY = 1001;
    /** A message over the size limit. */
    public static final int TOO_BIG = 1009;
    /** The client reads too slowly (its unsent backlog passed the limit); reconnect and resync. */
    public static final int TRY_AGAIN_LATER = 1013;
    /** Signed out elsewhere, password changed elsewhere, or account deleted: sign in again. */
    public static final int SIGNED_OUT = 4401;

    private CloseCodes() {}
}
