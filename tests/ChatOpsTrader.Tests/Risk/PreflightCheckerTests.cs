using ChatOpsTrader.Core.Market;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Core.Trading;
using static ChatOpsTrader.Tests.Risk.RiskTestData;

namespace ChatOpsTrader.Tests.Risk;

public class PreflightCheckerTests
{
    private readonly FakePreflightView _view = new();
    private PreflightChecker _checker = new(RiskLimits.Default, ResumePolicy.Default);
    private OrderActivity _activity = new(RiskLimits.Default, Day);

    public PreflightCheckerTests() => _view.Quote("AAPL", 100m, T0.AddSeconds(-1));

    private PreflightResult Check(OrderCheck order, DateTimeOffset? now = null) => _checker.Check(order, _view, _activity, now ?? T0);

    private void Use(RiskLimits limits)
    {
        _checker = new PreflightChecker(limits, ResumePolicy.Default);
        _activity = new OrderActivity(limits, Day);
    }

    private static void AssertRejected(PreflightResult result, PreflightRule rule, decimal actual, decimal limit)
    {
        Assert.Equal(rule, result.Rule);
        Assert.Equal(actual, result.Actual);
        Assert.Equal(limit, result.Limit);
    }

    // ---- A plain entry passes every rule ----

    [Fact]
    public void An_ordinary_entry_within_every_limit_is_accepted()
    {
        var result = Check(Limit("AAPL", OrderSide.Buy, 10, 100m));
        Assert.True(result.IsAccepted, result.Describe());
    }

    // ---- InvalidOrder ----

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1.5)]
    [InlineData(1_000_001)]
    public void An_order_with_a_quantity_that_is_not_a_whole_number_from_1_to_a_million_is_invalid(decimal quantity)
    {
        var result = Check(Limit("AAPL", OrderSide.Buy, quantity, 100m));
        Assert.Equal(PreflightRule.InvalidOrder, result.Rule);
        Assert.Equal(quantity, result.Actual);
        Assert.Equal(1_000_000m, result.Limit);
        Assert.Contains("whole number", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_quantity_of_exactly_one_million_is_valid()
    {
        Use(RiskLimits.Default with { MaxPositionPerSymbol = 2_000_000m, MaxOrderNotional = 10_000_000m });
        _view.Quote("PENNY", 1m, T0);
        var result = Check(Limit("PENNY", OrderSide.Buy, 1_000_000, 1m));
        Assert.True(result.IsAccepted, result.Describe());
    }

    [Fact]
    public void A_whole_quantity_written_with_decimals_is_valid()
    {
        Assert.True(Check(Limit("AAPL", OrderSide.Buy, 10.00m, 100m)).IsAccepted);
    }

    [Theory]
    [InlineData("")]
    [InlineData("aapl")]
    [InlineData("AAP L")]
    [InlineData("AAPL$")]
    [InlineData("ABCDEFGHIJKLM")]
    public void A_symbol_that_is_empty_lower_case_too_long_or_has_other_characters_is_invalid(string symbol)
    {
        var result = Check(Limit(symbol, OrderSide.Buy, 1, 100m));
        Assert.Equal(PreflightRule.InvalidOrder, result.Rule);
        Assert.Contains("symbol", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BRK.B")]
    [InlineData("ABCDEFGHIJKL")]
    [InlineData("X1")]
    public void Symbols_of_upper_case_letters_digits_and_dots_up_to_12_characters_are_valid(string symbol)
    {
        _view.Quote(symbol, 100m, T0);
        Assert.True(Check(Limit(symbol, OrderSide.Buy, 1, 100m)).IsAccepted);
    }

    [Fact]
    public void A_null_symbol_is_invalid_and_does_not_throw()
    {
        Assert.Equal(PreflightRule.InvalidOrder, Check(default).Rule);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_order_without_a_strategy_is_invalid(string strategy)
    {
        Assert.Equal(PreflightRule.InvalidOrder, Check(Limit("AAPL", OrderSide.Buy, 1, 100m, strategy)).Rule);
    }

    [Fact]
    public void Unknown_side_or_type_values_are_invalid()
    {
        Assert.Equal(PreflightRule.InvalidOrder, Check(Limit("AAPL", (OrderSide)7, 1, 100m)).Rule);
        Assert.Equal(PreflightRule.InvalidOrder, Check(new OrderCheck("AAPL", "momo", OrderSide.Buy, 1, (OrderType)9, 100m, null)).Rule);
    }

    [Theory]
    [InlineData(OrderType.Limit, null, null)]
    [InlineData(OrderType.Limit, 0.0, null)]
    [InlineData(OrderType.Limit, -1.0, null)]
    [InlineData(OrderType.Limit, 100.0, 99.0)]
    [InlineData(OrderType.Stop, null, null)]
    [InlineData(OrderType.Stop, null, 0.0)]
    [InlineData(OrderType.Stop, 100.0, 99.0)]
    [InlineData(OrderType.StopLimit, 100.0, null)]
    [InlineData(OrderType.StopLimit, null, 99.0)]
    [InlineData(OrderType.Market, 100.0, null)]
    [InlineData(OrderType.Market, null, 99.0)]
    [InlineData(OrderType.Limit, 100_000_001.0, null)]
    public void Prices_that_do_not_match_the_order_type_are_invalid(OrderType type, double? limit, double? stop)
    {
        var order = new OrderCheck("AAPL", "momo", OrderSide.Buy, 1, type, (decimal?)limit, (decimal?)stop);
        Assert.Equal(PreflightRule.InvalidOrder, Check(order).Rule);
    }

    [Theory]
    [InlineData(OrderType.Market, null, null)]
    [InlineData(OrderType.Limit, 100.0, null)]
    [InlineData(OrderType.Stop, null, 101.0)]
    [InlineData(OrderType.StopLimit, 101.5, 101.0)]
    public void Each_order_type_with_its_own_prices_is_accepted(OrderType type, double? limit, double? stop)
    {
        var order = new OrderCheck("AAPL", "momo", OrderSide.Buy, 1, type, (decimal?)limit, (decimal?)stop);
        var result = Check(order);
        Assert.True(result.IsAccepted, result.Describe());
    }

    // ---- Halted and the trading states ----

    [Fact]
    public void Halted_rejects_entries_and_reductions()
    {
        _view.State = TradingState.Halted;
        _view.Positions["AAPL"] = 5;
        Assert.Equal(PreflightRule.Halted, Check(Limit("AAPL", OrderSide.Buy, 1, 100m)).Rule);
        Assert.Equal(PreflightRule.Halted, Check(Limit("AAPL", OrderSide.Sell, 5, 100m)).Rule);
    }

    [Fact]
    public void An_unknown_trading_state_is_treated_as_halted()
    {
        _view.State = (TradingState)42;
        _view.Positions["AAPL"] = 5;
        Assert.Equal(PreflightRule.Halted, Check(Limit("AAPL", OrderSide.Sell, 1, 100m)).Rule);
    }

    [Fact]
    public void Reducing_rejects_an_entry_as_closing_only()
    {
        _view.State = TradingState.Reducing;
        _view.Positions["AAPL"] = 5;
        var result = Check(Limit("AAPL", OrderSide.Buy, 1, 100m));
        AssertRejected(result, PreflightRule.ClosingOnly, 6, 5);
        Assert.StartsWith("closing-only:", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Reducing_accepts_an_order_that_closes_the_position_exactly()
    {
        _view.State = TradingState.Reducing;
        _view.Positions["AAPL"] = 5;
        Assert.True(Check(Limit("AAPL", OrderSide.Sell, 5, 100m)).IsAccepted);
    }

    [Fact]
    public void Reducing_rejects_an_order_that_would_flip_the_position()
    {
        _view.State = TradingState.Reducing;
        _view.Positions["AAPL"] = 5;
        AssertRejected(Check(Limit("AAPL", OrderSide.Sell, 6, 100m)), PreflightRule.ClosingOnly, 1, 5);
    }

    [Fact]
    public void Reducing_accepts_buying_back_part_of_a_short_position()
    {
        _view.State = TradingState.Reducing;
        _view.Positions["AAPL"] = -8;
        Assert.True(Check(Limit("AAPL", OrderSide.Buy, 3, 100m)).IsAccepted);
    }

    [Fact]
    public void Reducing_rejects_any_order_when_flat()
    {
        _view.State = TradingState.Reducing;
        Assert.Equal(PreflightRule.ClosingOnly, Check(Limit("AAPL", OrderSide.Sell, 1, 100m)).Rule);
    }

    [Theory]
    [InlineData(10, -10, true)]
    [InlineData(10, -3, true)]
    [InlineData(10, -11, false)]
    [InlineData(10, 1, false)]
    [InlineData(-4, 4, true)]
    [InlineData(-4, 5, false)]
    [InlineData(-4, -1, false)]
    [InlineData(0, 1, false)]
    [InlineData(0, -1, false)]
    public void A_reduction_lowers_the_absolute_position_without_flipping_it(decimal position, decimal signedQuantity, bool reduction)
    {
        Assert.Equal(reduction, PreflightChecker.IsReduction(position, signedQuantity));
    }

    // ---- BrokerDisconnected ----

    [Fact]
    public void A_disconnected_broker_rejects_entries()
    {
        _view.BrokerConnected = false;
        var result = Check(Limit("AAPL", OrderSide.Buy, 1, 100m));
        Assert.Equal(PreflightRule.BrokerDisconnected, result.Rule);
        Assert.StartsWith("broker-disconnected:", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_disconnected_broker_does_not_block_a_reduction()
    {
        _view.BrokerConnected = false;
        _view.Positions["AAPL"] = 3;
        Assert.True(Check(Limit("AAPL", OrderSide.Sell, 3, 100m)).IsAccepted);
    }

    // ---- SymbolBlocked ----

    [Fact]
    public void A_blocked_symbol_is_rejected_whatever_the_case_in_the_blocklist()
    {
        Use(RiskLimits.Default with { BlockedSymbols = ["gme", " AMC "] });
        _view.Quote("GME", 20m, T0);
        _view.Quote("AMC", 5m, T0);
        var result = Check(Limit("GME", OrderSide.Buy, 1, 20m));
        Assert.Equal(PreflightRule.SymbolBlocked, result.Rule);
        Assert.Equal("GME", result.Detail);
        Assert.Equal(PreflightRule.SymbolBlocked, Check(Limit("AMC", OrderSide.Buy, 1, 5m)).Rule);
    }

    [Fact]
    public void A_symbol_not_on_the_blocklist_is_accepted()
    {
        Use(RiskLimits.Default with { BlockedSymbols = ["GME"] });
        Assert.True(Check(Limit("AAPL", OrderSide.Buy, 1, 100m)).IsAccepted);
    }

    [Fact]
    public void A_position_in_a_blocked_symbol_can_still_be_reduced()
    {
        Use(RiskLimits.Default with { BlockedSymbols = ["AAPL"] });
        _view.Positions["AAPL"] = 4;
        Assert.True(Check(Limit("AAPL", OrderSide.Sell, 4, 100m)).IsAccepted);
    }

    // ---- StrategyPaused ----

    [Fact]
    public void A_paused_strategy_cannot_enter_and_the_rejection_names_it()
    {
        _view.PausedStrategies.Add("momo");
        var result = Check(Limit("AAPL", OrderSide.Buy, 1, 100m));
        Assert.Equal(PreflightRule.StrategyPaused, result.Rule);
        Assert.Equal("strategy-paused: the strategy is paused (momo)", result.Describe());
    }

    [Fact]
    public void A_paused_strategy_can_reduce_and_other_strategies_can_enter()
    {
        _view.PausedStrategies.Add("momo");
        _view.Positions["AAPL"] = 2;
        Assert.True(Check(Limit("AAPL", OrderSide.Sell, 2, 100m)).IsAccepted);
        Assert.True(Check(Limit("AAPL", OrderSide.Buy, 1, 100m, "meanrev")).IsAccepted);
    }

    // ---- MissingQuote / StaleQuote ----

    [Fact]
    public void An_entry_without_a_quote_is_rejected()
    {
        var result = Check(Limit("MSFT", OrderSide.Buy, 1, 400m));
        Assert.Equal(PreflightRule.MissingQuote, result.Rule);
        Assert.StartsWith("missing-quote:", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_with_a_quote_without_any_price_is_rejected_as_missing()
    {
        _view.Quotes["AAPL"] = new Quote("AAPL", 0, 0, 0, T0);
        Assert.Equal(PreflightRule.MissingQuote, Check(Limit("AAPL", OrderSide.Buy, 1, 100m)).Rule);
    }

    [Fact]
    public void A_market_buy_with_no_ask_and_no_last_is_rejected_as_missing_a_price()
    {
        _view.Quotes["AAPL"] = new Quote("AAPL", 99m, 0, 0, T0);
        _view.Quotes["AAPL"] = _view.Quotes["AAPL"] with { Last = 0 };
        Assert.Equal(PreflightRule.MissingQuote, Check(Market("AAPL", OrderSide.Buy, 1)).Rule);
    }

    [Fact]
    public void A_reduction_without_a_quote_is_accepted()
    {
        _view.Positions["MSFT"] = 2;
        Assert.True(Check(Market("MSFT", OrderSide.Sell, 2)).IsAccepted);
        Assert.True(Check(Limit("MSFT", OrderSide.Sell, 1, 400m)).IsAccepted);
    }

    [Fact]
    public void A_quote_exactly_at_the_maximum_age_is_fresh()
    {
        _view.Quote("AAPL", 100m, T0 - TimeSpan.FromSeconds(15));
        Assert.True(Check(Limit("AAPL", OrderSide.Buy, 1, 100m)).IsAccepted);
    }

    [Fact]
    public void A_quote_one_millisecond_past_the_maximum_age_rejects_an_entry_with_both_ages_in_ms()
    {
        _view.Quote("AAPL", 100m, T0 - TimeSpan.FromMilliseconds(15_001));
        var result = Check(Limit("AAPL", OrderSide.Buy, 1, 100m));
        AssertRejected(result, PreflightRule.StaleQuote, 15_001m, 15_000m);
        Assert.Equal("stale-quote: last quote is 15001 ms old, the maximum age is 15000 ms (AAPL)", result.Describe());
    }

    [Fact]
    public void A_stale_age_is_rounded_up_so_it_never_reads_as_the_limit()
    {
        _view.Quote("AAPL", 100m, T0 - TimeSpan.FromSeconds(15) - TimeSpan.FromTicks(1));
        var result = Check(Limit("AAPL", OrderSide.Buy, 1, 100m));
        AssertRejected(result, PreflightRule.StaleQuote, 15_000.01m, 15_000m);
    }

    [Fact]
    public void A_reduction_with_a_stale_quote_is_accepted_and_skips_the_collar()
    {
        _view.Quote("AAPL", 100m, T0 - TimeSpan.FromMinutes(10));
        _view.Positions["AAPL"] = 5;
        Assert.True(Check(Limit("AAPL", OrderSide.Sell, 5, 80m)).IsAccepted);
    }

    // ---- MaxPosition ----

    [Fact]
    public void Max_position_accepts_an_entry_that_reaches_the_limit_exactly()
    {
        _view.Positions["AAPL"] = 5;
        Assert.True(Check(Limit("AAPL", OrderSide.Buy, 5, 100m)).IsAccepted);
    }

    [Fact]
    public void Max_position_rejects_an_entry_beyond_the_limit()
    {
        _view.Positions["AAPL"] = 5;
        var result = Check(Limit("AAPL", OrderSide.Buy, 6, 100m));
        AssertRejected(result, PreflightRule.MaxPosition, 11, 10);
        Assert.Equal("max-position: position after the order would be 11, the limit is 10 per symbol", result.Describe());
    }

    [Fact]
    public void Max_position_counts_short_positions_by_their_size()
    {
        _view.Positions["AAPL"] = -5;
        AssertRejected(Check(Limit("AAPL", OrderSide.Sell, 6, 100m)), PreflightRule.MaxPosition, 11, 10);
        Assert.True(Check(Limit("AAPL", OrderSide.Sell, 5, 100m)).IsAccepted);
    }

    [Fact]
    public void Max_position_counts_working_orders_in_the_same_direction()
    {
        _view.Positions["AAPL"] = 5;
        _view.Pending["AAPL"] = 2;
        AssertRejected(Check(Limit("AAPL", OrderSide.Buy, 4, 100m)), PreflightRule.MaxPosition, 11, 10);
        Assert.True(Check(Limit("AAPL", OrderSide.Buy, 3, 100m)).IsAccepted);
    }

    [Fact]
    public void Max_position_ignores_working_orders_against_the_order_because_they_may_not_fill()
    {
        _view.Positions["AAPL"] = 5;
        _view.Pending["AAPL"] = -5;
        AssertRejected(Check(Limit("AAPL", OrderSide.Buy, 6, 100m)), PreflightRule.MaxPosition, 11, 10);
    }

    [Fact]
    public void A_flip_through_zero_is_an_entry_sized_on_the_new_side()
    {
        _view.Positions["AAPL"] = 5;
        Assert.True(Check(Limit("AAPL", OrderSide.Sell, 15, 100m)).IsAccepted);
        AssertRejected(Check(Limit("AAPL", OrderSide.Sell, 16, 100m)), PreflightRule.MaxPosition, 11, 10);
    }

    [Fact]
    public void A_reduction_passes_even_when_the_position_is_over_the_limit()
    {
        _view.Positions["AAPL"] = 25;
        Assert.True(Check(Limit("AAPL", OrderSide.Sell, 5, 100m)).IsAccepted);
    }

    [Fact]
    public void Restricted_scales_the_position_limit_and_reports_the_scaled_number()
    {
        _view.State = TradingState.Restricted;
        Assert.True(Check(Limit("AAPL", OrderSide.Buy, 2, 100m)).IsAccepted);
        var result = Check(Limit("AAPL", OrderSide.Buy, 3, 100m));
        AssertRejected(result, PreflightRule.MaxPosition, 3, 2.5m);
        Assert.Equal("max-position: position after the order would be 3, the limit is 2.5 per symbol (Restricted: limits at 25% of normal size)", result.Describe());
    }

    [Fact]
    public void Cautious_scales_the_position_limit_to_half()
    {
        _view.State = TradingState.Cautious;
        Assert.True(Check(Limit("AAPL", OrderSide.Buy, 5, 100m)).IsAccepted);
        AssertRejected(Check(Limit("AAPL", OrderSide.Buy, 6, 100m)), PreflightRule.MaxPosition, 6, 5);
    }

    // ---- MaxOrderNotional ----

    [Fact]
    public void Max_order_notional_accepts_an_order_worth_exactly_the_limit()
    {
        _view.Quote("BIG", 5_000m, T0);
        Assert.True(Check(Limit("BIG", OrderSide.Buy, 10, 5_000m)).IsAccepted);
    }

    [Fact]
    public void Max_order_notional_rejects_an_order_worth_a_cent_more_and_names_both_amounts()
    {
        _view.Quote("BIG", 5_000m, T0);
        var result = Check(Limit("BIG", OrderSide.Buy, 10, 5_000.001m));
        AssertRejected(result, PreflightRule.MaxOrderNotional, 50_000.01m, 50_000m);
        Assert.Equal("max-order-notional: order notional $50,000.01 exceeds the limit $50,000.00", result.Describe());
    }

    [Fact]
    public void A_market_buy_is_valued_at_the_ask_and_a_market_sell_at_the_bid()
    {
        _view.Quotes["BIG"] = new Quote("BIG", 4_990m, 5_000m, 4_995m, T0);
        Assert.True(Check(Market("BIG", OrderSide.Buy, 10)).IsAccepted);
        _view.Quotes["BIG"] = new Quote("BIG", 4_990m, 5_000.01m, 4_995m, T0);
        AssertRejected(Check(Market("BIG", OrderSide.Buy, 10)), PreflightRule.MaxOrderNotional, 50_000.10m, 50_000m);

        _view.Quotes["BIG"] = new Quote("BIG", 5_000m, 5_010m, 5_005m, T0);
        Assert.True(Check(Market("BIG", OrderSide.Sell, 10)).IsAccepted);
        _view.Quotes["BIG"] = new Quote("BIG", 5_000.01m, 5_010m, 5_005m, T0);
        AssertRejected(Check(Market("BIG", OrderSide.Sell, 10)), PreflightRule.MaxOrderNotional, 50_000.10m, 50_000m);
    }

    [Fact]
    public void A_market_order_falls_back_to_the_last_price_when_its_side_of_the_book_is_empty()
    {
        _view.Quotes["BIG"] = new Quote("BIG", 0m, 0m, 5_001m, T0);
        AssertRejected(Check(Market("BIG", OrderSide.Buy, 10)), PreflightRule.MaxOrderNotional, 50_010m, 50_000m);
    }

    [Fact]
    public void A_stop_order_is_valued_at_its_stop_price()
    {
        _view.Quote("BIG", 5_000m, T0);
        Assert.True(Check(Stop("BIG", OrderSide.Buy, 10, 5_000m)).IsAccepted);
        AssertRejected(Check(Stop("BIG", OrderSide.Buy, 10, 5_001m)), PreflightRule.MaxOrderNotional, 50_010m, 50_000m);
    }

    [Fact]
    public void Cautious_scales_the_notional_limit_and_reports_the_scaled_limit()
    {
        Use(RiskLimits.Default with { MaxPositionPerSymbol = 100 });
        _view.State = TradingState.Cautious;
        _view.Quote("BIG", 5_000m, T0);
        Assert.True(Check(Limit("BIG", OrderSide.Buy, 5, 5_000m)).IsAccepted);
        var result = Check(Limit("BIG", OrderSide.Buy, 6, 5_000m));
        AssertRejected(result, PreflightRule.MaxOrderNotional, 30_000m, 25_000m);
        Assert.Contains("Cautious", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_reduction_is_not_limited_by_notional()
    {
        _view.Quote("BIG", 5_000m, T0);
        _view.Positions["BIG"] = 30;
        Use(RiskLimits.Default with { MaxPositionPerSymbol = 50 });
        Assert.True(Check(Limit("BIG", OrderSide.Sell, 30, 5_000m)).IsAccepted);
    }

    // ---- PriceCollar ----

    [Fact]
    public void A_limit_price_exactly_at_the_collar_is_accepted()
    {
        Assert.True(Check(Limit("AAPL", OrderSide.Buy, 1, 105m)).IsAccepted);
        Assert.True(Check(Limit("AAPL", OrderSide.Sell, 1, 95m)).IsAccepted);
    }

    [Fact]
    public void A_limit_price_beyond_the_collar_is_rejected_with_both_percentages()
    {
        var result = Check(Limit("AAPL", OrderSide.Buy, 1, 105.01m));
        AssertRejected(result, PreflightRule.PriceCollar, 5.01m, 5m);
        Assert.Equal("price-collar: price is 5.01% from the last quote, the collar is 5% (AAPL)", result.Describe());
    }

    [Fact]
    public void A_collar_distance_a_hair_over_the_limit_is_shown_rounded_up()
    {
        var result = Check(Limit("AAPL", OrderSide.Sell, 1, 94.9999m));
        AssertRejected(result, PreflightRule.PriceCollar, 5.01m, 5m);
    }

    [Fact]
    public void The_collar_uses_the_mid_of_the_quote()
    {
        _view.Quotes["AAPL"] = new Quote("AAPL", 98m, 102m, 90m, T0);
        Assert.True(Check(Limit("AAPL", OrderSide.Buy, 1, 105m)).IsAccepted);
        Assert.Equal(PreflightRule.PriceCollar, Check(Limit("AAPL", OrderSide.Buy, 1, 105.01m)).Rule);
    }

    [Fact]
    public void The_collar_applies_to_stop_prices_and_to_both_prices_of_a_stop_limit()
    {
        Assert.Equal(PreflightRule.PriceCollar, Check(Stop("AAPL", OrderSide.Sell, 1, 94.99m)).Rule);
        var stopLimit = new OrderCheck("AAPL", "momo", OrderSide.Buy, 1, OrderType.StopLimit, 101m, 106m);
        AssertRejected(Check(stopLimit), PreflightRule.PriceCollar, 6m, 5m);
    }

    [Fact]
    public void The_collar_applies_to_reductions_with_a_fresh_quote()
    {
        _view.Positions["AAPL"] = 5;
        Assert.Equal(PreflightRule.PriceCollar, Check(Limit("AAPL", OrderSide.Sell, 5, 80m)).Rule);
        Assert.True(Check(Limit("AAPL", OrderSide.Sell, 5, 95m)).IsAccepted);
    }

    [Fact]
    public void Market_orders_have_no_price_to_collar()
    {
        _view.Quotes["AAPL"] = new Quote("AAPL", 50m, 150m, 100m, T0);
        Assert.True(Check(Market("AAPL", OrderSide.Buy, 1)).IsAccepted);
    }

    // ---- SymbolRate ----

    [Fact]
    public void Symbol_rate_rejects_an_order_sent_sooner_than_the_interval_after_the_last_one_with_both_times_in_ms()
    {
        _activity.RecordOrderSent(Limit("AAPL", OrderSide.Buy, 1, 100m), T0);
        var result = Check(Limit("AAPL", OrderSide.Buy, 2, 100m), T0.AddMilliseconds(999));
        AssertRejected(result, PreflightRule.SymbolRate, 999m, 1_000m);
        Assert.Equal("symbol-rate: last order for the symbol 999 ms ago, the minimum interval is 1000 ms (AAPL)", result.Describe());
    }

    [Fact]
    public void Symbol_rate_accepts_an_order_exactly_one_interval_later()
    {
        _activity.RecordOrderSent(Limit("AAPL", OrderSide.Buy, 1, 100m), T0);
        Assert.True(Check(Limit("AAPL", OrderSide.Buy, 2, 100m), T0.AddSeconds(1)).IsAccepted);
    }

    [Fact]
    public void Symbol_rate_shows_the_elapsed_time_rounded_down_so_it_never_reads_as_the_limit()
    {
        _activity.RecordOrderSent(Limit("AAPL", OrderSide.Buy, 1, 100m), T0);
        var result = Check(Limit("AAPL", OrderSide.Buy, 2, 100m), T0.AddSeconds(1).AddTicks(-1));
        AssertRejected(result, PreflightRule.SymbolRate, 999.99m, 1_000m);
    }

    [Fact]
    public void Symbol_rate_is_per_symbol()
    {
        _view.Quote("MSFT", 400m, T0);
        _activity.RecordOrderSent(Limit("AAPL", OrderSide.Buy, 1, 100m), T0);
        Assert.True(Check(Limit("MSFT", OrderSide.Buy, 1, 400m), T0.AddMilliseconds(10)).IsAccepted);
    }

    [Fact]
    public void Symbol_rate_applies_to_reductions()
    {
        _view.Positions["AAPL"] = 5;
        _activity.RecordOrderSent(Limit("AAPL", OrderSide.Sell, 1, 100m), T0);
        Assert.Equal(PreflightRule.SymbolRate, Check(Limit("AAPL", OrderSide.Sell, 2, 100m), T0.AddMilliseconds(500)).Rule);
    }

    [Fact]
    public void Symbol_rate_counts_from_the_send_not_from_an_attempt()
    {
        _activity.RecordAttempt(Limit("AAPL", OrderSide.Buy, 1, 100m), T0);
        Assert.True(Check(Limit("AAPL", OrderSide.Buy, 1, 100m), T0.AddMilliseconds(1)).IsAccepted);
    }

    // ---- DailyOrderCount ----

    [Fact]
    public void Daily_order_count_accepts_the_last_allowed_order_and_rejects_the_next()
    {
        Use(RiskLimits.Default with { MaxOrdersPerDay = 3 });
        for (var i = 0; i < 2; i++)
            _activity.RecordOrderSent(Limit("AAPL", OrderSide.Buy, i + 1, 100m), T0.AddMinutes(i - 10));
        Assert.True(Check(Limit("AAPL", OrderSide.Buy, 1, 100m)).IsAccepted);

        _activity.RecordOrderSent(Limit("AAPL", OrderSide.Buy, 1, 100m), T0.AddMinutes(-1));
        var result = Check(Limit("AAPL", OrderSide.Buy, 1, 100m));
        AssertRejected(result, PreflightRule.DailyOrderCount, 3, 3);
        Assert.Equal("daily-order-count: 3 orders sent today, the limit is 3", result.Describe());
    }

    [Fact]
    public void Daily_order_count_applies_to_reductions_and_lifts_with_the_new_day()
    {
        Use(RiskLimits.Default with { MaxOrdersPerDay = 1 });
        _view.Positions["AAPL"] = 5;
        _activity.RecordOrderSent(Limit("AAPL", OrderSide.Buy, 1, 100m), T0.AddHours(-1));
        Assert.Equal(PreflightRule.DailyOrderCount, Check(Limit("AAPL", OrderSide.Sell, 5, 100m)).Rule);
        Assert.True(_activity.ResetDay(Day.AddDays(1)));
        Assert.True(Check(Limit("AAPL", OrderSide.Sell, 5, 100m)).IsAccepted);
    }

    // ---- Duplicate ----

    [Fact]
    public void Duplicate_rejects_identical_content_sent_inside_the_window_with_both_times()
    {
        Use(RiskLimits.Default with { MinOrderInterval = TimeSpan.Zero });
        _activity.RecordOrderSent(Limit("AAPL", OrderSide.Buy, 10, 100m), T0);
        var result = Check(Limit("AAPL", OrderSide.Buy, 10, 100m), T0.AddMilliseconds(9_999));
        AssertRejected(result, PreflightRule.Duplicate, 9_999m, 10_000m);
        Assert.Equal("duplicate: an identical order was sent 9999 ms ago, within the 10000 ms duplicate window (AAPL)", result.Describe());
    }

    [Fact]
    public void Duplicate_accepts_identical_content_once_the_window_has_passed()
    {
        Use(RiskLimits.Default with { MinOrderInterval = TimeSpan.Zero });
        _activity.RecordOrderSent(Limit("AAPL", OrderSide.Buy, 10, 100m), T0);
        Assert.True(Check(Limit("AAPL", OrderSide.Buy, 10, 100m), T0.AddSeconds(10)).IsAccepted);
    }

    [Fact]
    public void Duplicate_compares_prices_and_quantities_by_value()
    {
        Use(RiskLimits.Default with { MinOrderInterval = TimeSpan.Zero });
        _activity.RecordOrderSent(Limit("AAPL", OrderSide.Buy, 10, 100m), T0);
        Assert.Equal(PreflightRule.Duplicate, Check(Limit("AAPL", OrderSide.Buy, 10.00m, 100.000m), T0.AddSeconds(1)).Rule);
    }

    [Theory]
    [InlineData("momo", OrderSide.Buy, 9, 100)]
    [InlineData("momo", OrderSide.Buy, 10, 100.01)]
    [InlineData("momo", OrderSide.Sell, 10, 100)]
    [InlineData("meanrev", OrderSide.Buy, 10, 100)]
    public void Orders_that_differ_in_any_field_are_not_duplicates(string strategy, OrderSide side, decimal quantity, decimal price)
    {
        Use(RiskLimits.Default with { MinOrderInterval = TimeSpan.Zero });
        _activity.RecordOrderSent(Limit("AAPL", OrderSide.Buy, 10, 100m), T0);
        var result = Check(Limit("AAPL", side, quantity, price, strategy), T0.AddSeconds(1));
        Assert.True(result.IsAccepted, result.Describe());
    }

    [Fact]
    public void Duplicate_applies_to_reductions()
    {
        Use(RiskLimits.Default with { MinOrderInterval = TimeSpan.Zero });
        _view.Positions["AAPL"] = 10;
        _activity.RecordOrderSent(Limit("AAPL", OrderSide.Sell, 5, 100m), T0);
        Assert.Equal(PreflightRule.Duplicate, Check(Limit("AAPL", OrderSide.Sell, 5, 100m), T0.AddSeconds(2)).Rule);
    }

    [Fact]
    public void Duplicate_only_counts_sent_orders_not_rejected_attempts()
    {
        Use(RiskLimits.Default with { MinOrderInterval = TimeSpan.Zero });
        _activity.RecordAttempt(Limit("AAPL", OrderSide.Buy, 10, 100m), T0);
        Assert.True(Check(Limit("AAPL", OrderSide.Buy, 10, 100m), T0.AddSeconds(1)).IsAccepted);
    }

    // ---- MaxWorkingOrders ----

    [Fact]
    public void Max_working_orders_accepts_an_entry_while_one_below_the_limit()
    {
        _view.WorkingOrderCount = 19;
        Assert.True(Check(Limit("AAPL", OrderSide.Buy, 1, 100m)).IsAccepted);
    }

    [Fact]
    public void Max_working_orders_rejects_an_entry_at_the_limit()
    {
        _view.WorkingOrderCount = 20;
        var result = Check(Limit("AAPL", OrderSide.Buy, 1, 100m));
        AssertRejected(result, PreflightRule.MaxWorkingOrders, 20, 20);
        Assert.Equal("max-working-orders: 20 orders working, the limit is 20", result.Describe());
    }

    [Fact]
    public void Max_working_orders_does_not_block_a_reduction()
    {
        _view.WorkingOrderCount = 50;
        _view.Positions["AAPL"] = 1;
        Assert.True(Check(Limit("AAPL", OrderSide.Sell, 1, 100m)).IsAccepted);
    }

    // ---- The fixed order of the checks ----

    [Fact]
    public void When_several_rules_fail_the_first_in_the_documented_order_is_reported()
    {
        Use(RiskLimits.Default with { BlockedSymbols = ["AAPL"], MaxOrdersPerDay = 1 });
        _view.WorkingOrderCount = 99;
        _view.Quote("AAPL", 1_000m, T0.AddHours(-1));
        _view.PausedStrategies.Add("momo");
        _activity.RecordOrderSent(Limit("AAPL", OrderSide.Buy, 1, 1_000m), T0);
        var order = Limit("AAPL", OrderSide.Buy, 60, 2_000m);

        Assert.Equal(PreflightRule.InvalidOrder, Check(order with { Quantity = 0 }).Rule);
        _view.State = TradingState.Halted;
        Assert.Equal(PreflightRule.Halted, Check(order).Rule);
        _view.State = TradingState.Reducing;
        Assert.Equal(PreflightRule.ClosingOnly, Check(order).Rule);
        _view.State = TradingState.Active;
        _view.BrokerConnected = false;
        Assert.Equal(PreflightRule.BrokerDisconnected, Check(order).Rule);
        _view.BrokerConnected = true;
        Assert.Equal(PreflightRule.SymbolBlocked, Check(order).Rule);

        Use(RiskLimits.Default with { MaxOrdersPerDay = 1 });
        _activity.RecordOrderSent(Limit("AAPL", OrderSide.Buy, 1, 1_000m), T0);
        Assert.Equal(PreflightRule.StrategyPaused, Check(order).Rule);
        _view.PausedStrategies.Clear();
        Assert.Equal(PreflightRule.DailyOrderCount, Check(order).Rule);

        Use(RiskLimits.Default);
        _activity.RecordOrderSent(order, T0);
        Assert.Equal(PreflightRule.SymbolRate, Check(order).Rule);
        Assert.Equal(PreflightRule.Duplicate, Check(order, T0.AddSeconds(2)).Rule);

        Use(RiskLimits.Default);
        Assert.Equal(PreflightRule.StaleQuote, Check(order).Rule);
        _view.Quotes.Clear();
        Assert.Equal(PreflightRule.MissingQuote, Check(order).Rule);
        _view.Quote("AAPL", 1_000m, T0);
        Assert.Equal(PreflightRule.PriceCollar, Check(order).Rule);
        order = order with { LimitPrice = 1_000m };
        Assert.Equal(PreflightRule.MaxPosition, Check(order).Rule);
        Use(RiskLimits.Default with { MaxPositionPerSymbol = 100 });
        Assert.Equal(PreflightRule.MaxOrderNotional, Check(order).Rule);
        order = order with { Quantity = 10 };
        Assert.Equal(PreflightRule.MaxWorkingOrders, Check(order).Rule);
        _view.WorkingOrderCount = 0;
        Assert.True(Check(order).IsAccepted);
    }

    // ---- Allocation ----

    [Fact]
    public void Checking_allocates_nothing_on_the_accepted_path_or_on_a_rejection()
    {
        Use(RiskLimits.Default with { BlockedSymbols = ["GME"] });
        for (var i = 0; i < 20; i++)
            _activity.RecordOrderSent(Limit("AAPL", OrderSide.Buy, i + 100, 100m), T0.AddSeconds(-5));
        var accepted = Limit("AAPL", OrderSide.Buy, 3, 100m);
        var rejected = Limit("AAPL", OrderSide.Buy, 30, 100m);
        var market = Market("AAPL", OrderSide.Sell, 1);
        for (var i = 0; i < 1_000; i++)
        {
            Check(accepted);
            Check(rejected);
            Check(market);
        }

        // Several rounds: the JIT (tiering, on-stack replacement) may allocate on this thread once while a loop runs;
        // an allocation on the checking path itself would show in every round (3,000 checks each).
        var fewest = long.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var acceptedCount = 0;
            var rejectedCount = 0;
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1_000; i++)
            {
                acceptedCount += Check(accepted).IsAccepted ? 1 : 0;
                rejectedCount += Check(rejected).Rule == PreflightRule.MaxPosition ? 1 : 0;
                acceptedCount += Check(market).IsAccepted ? 1 : 0;
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(2_000, acceptedCount);
            Assert.Equal(1_000, rejectedCount);
        }

        Assert.Equal(0, fewest);
    }

    [Fact]
    public void Invalid_limits_are_refused_when_the_checker_is_built()
    {
        var error = Assert.Throws<ArgumentException>(() => new PreflightChecker(RiskLimits.Default with { MaxOrderNotional = 0 }, ResumePolicy.Default));
        Assert.Contains("MaxOrderNotional", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new PreflightChecker(RiskLimits.Default, ResumePolicy.Default with { CautiousSizeFactor = 1.5m }));
    }
}
