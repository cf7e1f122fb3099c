package org.transfer4j.zoo.catalogue;

/**
 * A jar on a Maven repository, by coordinates, with the SHA-256 of the jar when recorded. Weights published this way
 * (the langchain4j embedding jars, for one) are fetched by the Maven client, which knows the user's repositories and
 * mirrors: no host is written here.
 */
public record MavenArtifact(String groupId, String artifactId, String version, String jarSha256) {
    public MavenArtifact {
        for (String[] f : new String[][] {{"groupId", groupId}, {"artifactId", artifactId}, {"version", version}}) {
            if (f[1] == null || !f[1].matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("maven." + f[0] + " must be a Maven coordinate, got " + f[1]);
            }
        }
    }

    /** {@code groupId:artifactId:version}, as {@code mvn dependency:get -Dartifact=} takes it. */
    public String coordinates() {
        return groupId + ":" + artifactId + ":" + version;
    }

    /** The jar's path inside a Maven repository (local or remote layout). */
    public String repositoryPath() {
        return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + artifactId + "-" + version + ".jar";
    }
}
