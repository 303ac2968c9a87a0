package io.junction.platform.security;

/** The two roles of logins and API keys: {@value #VIEWER} reads, {@value #OPERATOR} also changes things. */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";

    private Roles() {}
}
