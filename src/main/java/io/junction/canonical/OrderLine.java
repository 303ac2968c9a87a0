package io.junction.canonical;

import java.math.BigDecimal;

public record OrderLine(String sku, String title, int quantity, BigDecimal unitPrice) {}
