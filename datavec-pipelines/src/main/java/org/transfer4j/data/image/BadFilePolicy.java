package org.transfer4j.data.image;

/** What a pipeline does with an image it cannot use. */
public enum BadFilePolicy {
    /** Leave it out of its batch, record the file and the reason, carry on (the default). */
    SKIP,
    /** Stop with an error that names the file and the reason. */
    FAIL
}
