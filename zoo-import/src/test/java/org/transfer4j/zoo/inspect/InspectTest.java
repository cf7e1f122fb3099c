package org.transfer4j.zoo.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.transfer4j.common.Json;
import org.transfer4j.zoo.catalogue.Catalogue;

class InspectTest {
    @Test
    void resnet50ArchitectureTableWithoutWeights() throws Exception {
        ModelSummary s = InspectCommand.inspect("resnet50.imagenet");
        assertEquals(Catalogue.builtIn().architecture("ResNet50").parameters().longValue(), s.totalParameters());
        assertEquals(s.totalParameters(), s.trainableParameters());
        ModelSummary.Row avgpool = s.rows().stream().filter(r -> r.name().equals("avgpool")).findFirst().orElseThrow();
        assertEquals("[2048, 1, 1]", avgpool.outputShape());
        ModelSummary.Row out = s.rows().get(s.rows().size() - 1);
        assertEquals("output", out.name());
        assertEquals("[1000]", out.outputShape());
        assertEquals(2048L * 1000 + 1000, out.parameters());
        String table = s.table();
        assertTrue(table.contains("res5c_branch") && table.contains("25,636,712 total"), table);
        JsonNode json = Json.MAPPER.readTree(Json.write(s));
        assertEquals(s.rows().size(), json.get("rows").size());
    }

    @Test
    void studyLeNetShowsShapesAndBlocks() throws Exception {
        ModelSummary s = InspectCommand.inspect("study.lenet.fashion-mnist-0-4");
        assertEquals(List.of("conv1", "pool1", "conv2", "pool2", "dense", "output"),
                s.rows().stream().map(ModelSummary.Row::name).toList());
        assertEquals("[20, 24, 24]", s.rows().get(0).outputShape());
        assertEquals("[500]", s.rows().get(4).outputShape());
        assertEquals(List.of("pool1", "pool2", "dense"), s.blocks());
        assertEquals(428_575, s.totalParameters());
    }
}
