;; The integer dot products of one int16 query with every int8 row of a matrix, 16 values per step:
;;   for r in 0..rows: out[r] = Σ_j q16[j] · data8[r · stride + j]
;; Rows are widened to int16 and multiplied with i32x4.dot_i16x8_s. `stride` is the bytes per row, a multiple of
;; 16; all arguments are byte offsets into the exported memory. The caller keeps every sum within int32.
;; dot-kernel.wasm is this file assembled (scripts/local-face-api/assemble-dot-kernel.ts; a test checks they match).
(module
  (memory (export "memory") 1)
  (func (export "dots") (param $q i32) (param $data i32) (param $rows i32) (param $stride i32) (param $out i32)
    (local $r i32) (local $j i32) (local $p i32) (local $acc v128) (local $x v128)
    (local.set $p (local.get $data))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (loop $column
          ;; x = the row's next 16 int8 values; the query's matching 16 int16 values start at q + 2j
          (local.set $x (v128.load (i32.add (local.get $p) (local.get $j))))
          (local.set $acc
            (i32x4.add (local.get $acc)
              (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $x))
                (v128.load (i32.add (local.get $q) (i32.shl (local.get $j) (i32.const 1)))))))
          (local.set $acc
            (i32x4.add (local.get $acc)
              (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $x))
                (v128.load offset=16 (i32.add (local.get $q) (i32.shl (local.get $j) (i32.const 1)))))))
          (br_if $column (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $stride))))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2)))
          (i32.add
            (i32.add
              (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
              (i32x4.extract_lane 2 (local.get $acc)))
            (i32x4.extract_lane 3 (local.get $acc))))
        (local.set $p (i32.add (local.get $p) (local.get $stride)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))
)
