import ForecastCore
import ForecastEvaluation
import ForecastModels
import ForecastTraining
import Testing

/// Every model by name: networks, baselines, and seasonal naive with its season in the name.
@Suite struct ModelCatalogTests {
    @Test func namesBuildTheirForecasters() throws {
        var network = RNNForecasterConfiguration()
        network.units = [4]
        let catalog = ModelCatalog(network: network, season: 7)
        let gru = try #require(try catalog.forecaster(named: "gru") as? RNNForecaster)
        #expect(gru.configuration.cell == .gru && gru.configuration.units == [4])
        #expect(try catalog.forecaster(named: "naive").name == "naive")
        #expect(ModelCatalog.isValid("seasonal-naive:168") && !ModelCatalog.isValid("seasonal-naive:0") && !ModelCatalog.isValid("arima"))
        #expect(throws: BacktestError.self) { try catalog.forecaster(named: "arima") }
    }

    /// `seasonal-naive:m` repeats the season of m rows whatever the frequency says, under its own name.
    @Test func seasonalNaiveWithASeasonInItsName() throws {
        let start = Timestamp(year: 2020, month: 1, day: 1)
        let series = TimeSeries(timeColumnName: "t", timestamps: (0..<10).map { start.adding(days: $0) },
                                columns: [Column(name: "y", values: (0..<10).map(Double.init))])
        let model = try ModelCatalog(season: 7).forecaster(named: "seasonal-naive:3")
        #expect(model.name == "seasonal-naive:3")
        let forecast = try model.fit(on: series, target: "y", horizon: 4).forecast(after: series)
        #expect(forecast.values == [7, 8, 9, 7] && forecast.model == "seasonal-naive:3")
    }

    /// `--season 24,168`: `seasonal-naive` is the first season's, and each other season joins as
    /// `seasonal-naive:<m>` right after it, once.
    @Test func everySeasonIsOfferedAsASeasonalNaiveBaseline() {
        var catalog = ModelCatalog(season: 24)
        catalog.otherSeasons = [168, 336]
        #expect(catalog.expanding(["lstm", "seasonal-naive", "naive"])
                == ["lstm", "seasonal-naive", "seasonal-naive:168", "seasonal-naive:336", "naive"])
        #expect(catalog.expanding(["seasonal-naive:168", "seasonal-naive"]) == ["seasonal-naive:168", "seasonal-naive", "seasonal-naive:336"])
        #expect(catalog.expanding(["lstm", "naive"]) == ["lstm", "naive"])
        #expect(ModelCatalog(season: 24).expanding(["seasonal-naive"]) == ["seasonal-naive"])
    }
}
