package todo.model;

/** A user as a member of a list: the id routes events, the name and the role go on the wire. */
public record Member(long id, String username, Role role) {}
