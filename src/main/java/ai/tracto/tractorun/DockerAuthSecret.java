package ai.tracto.tractorun;

/**
 * Where the credentials for a private Docker registry live: a Cypress document holding
 * {@code {"username": .., "password": .., "auth": ..}}, readable only by the user. The launcher
 * passes it to the operation's {@code secure_vault}, never to the spec in the clear.
 */
public record DockerAuthSecret(String cypressPath) {
    public DockerAuthSecret {
        BindLocal.requireNonEmpty(cypressPath, "docker_auth_secret.cypress_path");
        if (!cypressPath.startsWith("//")) {
            throw new TractorunConfigException("docker_auth_secret.cypress_path", cypressPath,
                    "a Cypress path starting with //");
        }
    }
}
