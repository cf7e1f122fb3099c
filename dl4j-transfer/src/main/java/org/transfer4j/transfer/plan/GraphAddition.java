package org.transfer4j.transfer.plan;

/** Something to add to a graph by name: a layer ({@link NewLayer}) or a parameterless vertex ({@link NewVertex}). */
public sealed interface GraphAddition permits NewLayer, NewVertex {
    String name();

    String[] inputs();
}
