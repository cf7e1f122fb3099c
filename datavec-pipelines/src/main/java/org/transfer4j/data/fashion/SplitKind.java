package org.transfer4j.data.fashion;

/** Which side of the train/test divide a set of images comes from; samplers refuse test data. */
public enum SplitKind {
    TRAIN, TEST
}
