package org.transfer4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class Nd4jOpTimesTest {
    @Test
    void opsComePerStepSlowestFirstAndOtherLinesAreSkipped() {
        String table = String.join("\n",
                "CustomOp conv2d (7325441780195652299)  >>>  210 calls; Min: 509830 ns; Max: 6260889 ns; Average: 1822355 ns; Median: 4128431 ns; ",
                "",
                "CustomOp batchnorm_bp (4313379186275327348)  >>>  156 calls; Min: 563720 ns; Max: 116411307 ns; Average: 9273445 ns; Median: 4479705 ns; ",
                "ScalarOp leakyrelu (35)  >>>  105 calls; Min: 697219 ns; Max: 33208179 ns; Average: 5765779 ns; Median: 3140429 ns; ",
                "[main] INFO org.nd4j.linalg.profiler.OpProfiler - --- Time for long Op calls statistics: ---");
        List<Nd4jOpTimes.Op> ops = Nd4jOpTimes.parse(table, 3);
        assertEquals(List.of("batchnorm_bp", "leakyrelu", "conv2d"), ops.stream().map(Nd4jOpTimes.Op::name).toList());
        Nd4jOpTimes.Op bn = ops.get(0);
        assertEquals("CustomOp", bn.kind());
        assertEquals(52.0, bn.callsPerStep(), 1e-12);
        assertEquals(156 * 9273445 / 1e6 / 3, bn.msPerStep(), 1e-9);
        assertEquals("ScalarOp", ops.get(1).kind());
    }
}
