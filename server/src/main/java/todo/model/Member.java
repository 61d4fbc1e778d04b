package todo.model;

/** A user as a member of a list: the id routes events, the name goes on the wire. */
public record Member(long id, String username) {}
